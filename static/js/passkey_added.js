// After django-otp-webauthn's script adds a passkey, go where the server says next: the page
// that names it, or the recovery codes made with a first factor.
document.addEventListener("otp_webauthn.register_complete", (event) => {
  const next = event.detail && event.detail.response && event.detail.response.redirect_url;
  if (next && next.startsWith("/")) {
    window.location.assign(next);
  }
});
