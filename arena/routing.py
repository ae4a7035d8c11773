from django.urls import path, re_path

from .consumers import ArenaConsumer, NoRouteConsumer

websocket_urlpatterns = [
    path("ws/a/<id:arena_pk>/", ArenaConsumer.as_asgi()),
    path("ws/a/<id:arena_pk>/<slug:audience>/", ArenaConsumer.as_asgi()),  # live.AUDIENCES
    re_path(r"", NoRouteConsumer.as_asgi()),  # anything else: closed with 4404
]
