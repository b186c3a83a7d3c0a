"""Browsers named for people ("Firefox 130 on Windows", "Safari on iPhone"), never the raw
User-Agent string: the session list, the activity trail and Django admin all say the same."""

from functools import lru_cache

from ua_parser import parse

UNKNOWN = "Unknown browser"
# ua-parser's names where a person would say something shorter.
PLAIN_NAMES = {
    "Mobile Safari": "Safari",
    "Mobile Safari UI/WKWebView": "Safari",
    "Chrome Mobile": "Chrome",
    "Chrome Mobile iOS": "Chrome",
    "Chrome Mobile WebView": "Chrome",
    "Firefox Mobile": "Firefox",
    "Firefox iOS": "Firefox",
    "Edge Mobile": "Edge",
    "HeadlessChrome": "Headless Chrome",
    "Mac OS X": "macOS",
}
# Device families that say nothing a person would recognise: name the system instead.
NOT_A_DEVICE_NAME = {"Other", "Mac", "Spider", "Generic Smartphone", "Generic Feature Phone"}


def plain(name: str) -> str:
    return PLAIN_NAMES.get(name, name)


@lru_cache(maxsize=2048)  # the first parse loads ua-parser's patterns; browsers repeat
def browser_name(user_agent: str) -> str:
    if not user_agent:
        return UNKNOWN
    result = parse(user_agent)
    browser, system, device = result.user_agent, result.os, result.device
    if browser is None or browser.family == "Other":
        return UNKNOWN
    name = plain(browser.family)
    if device is not None and device.family not in NOT_A_DEVICE_NAME:
        return f"{name} on {device.family}"  # a phone or a tablet: its name says enough
    if browser.major:
        name = f"{name} {browser.major}"
    if system is not None and system.family != "Other":
        return f"{name} on {plain(system.family)}"
    return name
