from django.urls import path

from sunshine.workdays import api

urlpatterns = [
    path("years", api.YearListView.as_view(), name="api-workdays-years"),
    path("years/<int:year>", api.YearDetailView.as_view(), name="api-workdays-year"),
    path("years/<int:year>/withdraw", api.YearWithdrawView.as_view(), name="api-workdays-year-withdraw"),
    path("days", api.DayListView.as_view(), name="api-workdays-days"),
    path("days/<int:pk>", api.DayDetailView.as_view(), name="api-workdays-day"),
    path("import", api.ImportView.as_view(), name="api-workdays-import"),
    path("compute/add", api.ComputeAddView.as_view(), name="api-workdays-add"),
    path("compute/between", api.ComputeBetweenView.as_view(), name="api-workdays-between"),
    path("compute/deadline", api.ComputeDeadlineView.as_view(), name="api-workdays-deadline"),
]
