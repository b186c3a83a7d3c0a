from django.urls import path

from . import views

urlpatterns = [
    path("review/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("post/<int:pk>/send-back/", views.SendBackView.as_view(), name="post_send_back"),
]
