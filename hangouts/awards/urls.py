from django.urls import path

from hangouts.awards import views

app_name = "awards"
urlpatterns = [
    path("<slug:network>/volunteers/", views.volunteer_list, name="volunteer_list"),
    path(
        "<slug:network>/volunteers/members/<int:member_pk>/",
        views.volunteer_profile,
        name="volunteer_profile",
    ),
    path("<slug:network>/volunteers/<int:year>/", views.annual_list, name="annual_list"),
    path("<slug:network>/volunteers/<int:year>/list.pdf", views.annual_pdf, name="annual_pdf"),
    path("<slug:network>/volunteers/<int:year>/list.csv", views.annual_csv, name="annual_csv"),
    path(
        "<slug:network>/volunteers/<int:year>/<int:month>/",
        views.month_manage,
        name="month_manage",
    ),
    path(
        "<slug:network>/volunteers/<int:year>/<int:month>/nominate/",
        views.month_nominate,
        name="month_nominate",
    ),
    path(
        "<slug:network>/volunteers/<int:year>/<int:month>/award/",
        views.month_award,
        name="month_award",
    ),
    path("<slug:network>/awards/<int:pk>/", views.award_share, name="award_share"),
    path(
        "<slug:network>/awards/<int:pk>/certificate.pdf",
        views.award_certificate,
        name="award_certificate",
    ),
    path("<slug:network>/awards/<int:pk>/card.png", views.award_card, name="award_card"),
]
