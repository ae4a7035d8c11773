from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import participant_views, views

# A body over DATA_UPLOAD_MAX_MEMORY_SIZE: 413 with a readable page (arena.errors).
handler400 = "arena.errors.bad_request"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("join/", views.join, name="join"),
    path("j/<str:code>/", views.join_code, name="join_code"),
    path("p/<str:code>/", participant_views.participant_home, name="participant_home"),
    path("p/<str:code>/persona/", participant_views.persona, name="persona"),
    path(
        "p/<str:code>/people/<id:participant_pk>/picture.jpg",
        participant_views.persona_picture,
        name="persona_picture",
    ),
    path(
        "p/<str:code>/persona/withdraw/",
        participant_views.persona_withdraw,
        name="persona_withdraw",
    ),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("arenas/new/", views.arena_create, name="arena_create"),
    # Every app's URLs by dotted name: the root URLconf imports no app above arena.
    path("a/<id:arena_pk>/", include(("arena.arena_urls", "arena"))),
    path("a/<id:arena_pk>/", include(("sessions.urls", "programme"))),
    path("a/<id:arena_pk>/", include(("sessions.signup_urls", "signups"))),
    path("p/<str:code>/", include(("sessions.signup_phone_urls", "phone_signups"))),
    path("a/<id:arena_pk>/", include(("proposals.urls", "proposals"))),
    path("a/<id:arena_pk>/", include(("proposals.cafe_urls", "cafe"))),
    path("p/<str:code>/", include(("proposals.phone_urls", "phone"))),
    path("a/<id:arena_pk>/", include(("proposals.challenge_urls", "challenges"))),
    path("p/<str:code>/", include(("proposals.challenge_public_urls", "challenge_public"))),
    path("a/<id:arena_pk>/", include(("reports.urls", "reports"))),
    path("a/<id:arena_pk>/", include(("reports.documentation.keys_urls", "keys"))),
    path("p/<str:code>/", include(("reports.phone_urls", "phone_reports"))),
    path("r/", include(("reports.public_urls", "public_reports"))),
    path("strategies/", include(("reports.strategy.urls", "strategy"))),
    path("archive/", include(("reports.archive.urls", "archive"))),
    path("admin/", admin.site.urls),
]
