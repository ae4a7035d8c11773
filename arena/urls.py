from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("join/", views.join, name="join"),
    path("j/<str:code>/", views.join_code, name="join_code"),
    path("p/<str:code>/", views.participant_home, name="participant_home"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("arenas/new/", views.arena_create, name="arena_create"),
    path("a/<int:arena_pk>/", include("arena.arena_urls")),
    path("a/<int:arena_pk>/", include("sessions.urls")),
    path("admin/", admin.site.urls),
]
