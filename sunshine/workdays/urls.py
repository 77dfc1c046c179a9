from django.urls import path

from sunshine.workdays import views

app_name = "workdays"

urlpatterns = [
    path("", views.CalendarView.as_view(), name="calendar"),
    path("days/add/", views.SpecialDayAddView.as_view(), name="day_add"),
    path("days/<int:pk>/edit/", views.SpecialDayEditView.as_view(), name="day_edit"),
    path("days/<int:pk>/remove/", views.SpecialDayRemoveView.as_view(), name="day_remove"),
    path("years/mark/", views.YearMarkView.as_view(), name="year_mark"),
    path("years/<int:year>/withdraw/", views.YearWithdrawView.as_view(), name="year_withdraw"),
    path("import/", views.CsvImportView.as_view(), name="import"),
    path("compute/", views.ComputeView.as_view(), name="compute"),
]
