"""The programme's addresses, one module per area, all under /<network>/."""

from hangouts.programme.urls import hangouts, schedule, topics

app_name = "programme"
urlpatterns = [*topics.urlpatterns, *schedule.urlpatterns, *hangouts.urlpatterns]
