from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("<slug:slug>/", views.person_list, name="person_list"),
]
