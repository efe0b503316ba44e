from django.urls import path

from . import views as report_views

app_name = "reports"
urlpatterns = [
    path("<slug:slug>/", report_views.report_latest, name="report_latest"),
    path("<slug:slug>/<int:year>/", report_views.annual_report, name="annual_report"),
    path("<slug:slug>/<int:year>/pdf/", report_views.annual_report_pdf, name="annual_report_pdf"),
    path("<slug:slug>/<int:year>/csv/", report_views.annual_report_csv, name="annual_report_csv"),
]
