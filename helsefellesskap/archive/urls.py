from django.urls import path

from . import views

app_name = "archive"
urlpatterns = [
    path("<slug:slug>/noark5/", views.noark5_years, name="noark5"),
    path("<slug:slug>/noark5/<int:year>.zip", views.noark5_download, name="noark5_download"),
]
