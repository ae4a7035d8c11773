from django.urls import path

from .consumers import ArenaConsumer

websocket_urlpatterns = [
    path("ws/a/<int:arena_pk>/", ArenaConsumer.as_asgi()),
]
