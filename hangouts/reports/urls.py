from django.urls import path

from hangouts.reports import views

app_name = "reports"
urlpatterns = [
    path("<slug:network>/reports/", views.dashboard, name="dashboard"),
    path("<slug:network>/reports/report.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:network>/reports/<slug:table>.<slug:fmt>", views.export, name="export"),
    path("<slug:network>/reach/", views.public_summary, name="public_summary"),
]
