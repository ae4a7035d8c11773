"""The participants' wall on their phones, mounted under /p/<code>/ ("phone:")."""

from django.urls import path

from . import views

app_name = "phone"

urlpatterns = [
    path("wall/", views.phone_wall, name="wall"),
    path("topics/", views.my_topics, name="topics"),
    path("topics/earlier/", views.earlier_topics, name="earlier_topics"),
    path("groups/<id:group_pk>/", views.group_page, name="group"),
    path("groups/<id:group_pk>/attend/", views.attend, name="attend"),
    path("groups/<id:group_pk>/leave/", views.leave, name="leave"),
]
