import datetime as dt

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import get_object_for_user
from propdesk.core.decorators import object_view, project_view

from . import permissions, selectors
from .calendars import official_years, spec_for, year_coverage, year_days
from .choices import TargetCode
from .models import Calendar, SlaClock

# The calendar page's week, Monday first ("Mon" itself is Django's, translated for the date filter).
WEEKDAY_HEADINGS = [_("Mo"), _("Tu"), _("We"), _("Th"), _("Fr"), _("Sa"), _("Su")]


@project_view(permissions.VIEW_CLOCKS_PERM)
@object_view(SlaClock)
def clock_explain(request, pk: int):
    clock = get_object_for_user(
        SlaClock.objects.select_related("target", "policy", "holder", "department", "subject_type"),
        request.user,
        pk,
        perm="sla.view_slaclock",
    )
    return render(request, "sla/clock_explain.html", {"x": selectors.explain_clock(clock)})


@project_view(permissions.VIEW_CALENDARS_PERM)
def calendar_page(request):
    """The project's calendars and, for one year, every holiday, 调休 day and exception."""
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    calendars = list(
        Calendar.objects.for_user(request.user)
        .filter(project=request.project)
        .select_related("project")
        .prefetch_related("intervals", "exceptions")
    )
    rows = []
    for calendar in calendars:
        spec = spec_for(calendar)
        rows.append(
            {
                "calendar": calendar,
                "weekly": [(day, spec.weekly.get(i, ())) for i, day in enumerate(WEEKDAY_HEADINGS)],
                "days": year_days(spec, year) if not spec.always_open else [],
            }
        )
    years = sorted(official_years())
    return render(
        request,
        "sla/calendar.html",
        {
            "rows": rows,
            "year": year,
            "covered": year_coverage(year),
            "first_year": years[0],
            "last_year": years[-1],
            "prev_year": year - 1,
            "next_year": year + 1,
        },
    )


@project_view(permissions.VIEW_BREACHES_PERM)
def overview(request):
    """Reports: met and breached per target and department over the last 30 days."""
    today = timezone.localdate()
    start_day = today - dt.timedelta(days=29)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(start_day, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    project = request.project
    by_target = selectors.compliance(project=project, start=start, end=end, by="code")
    by_department = selectors.compliance(project=project, start=start, end=end, by="department")
    daily = selectors.compliance_by_period(project=project, start=start_day, days=30)
    labels = dict(TargetCode.choices)
    for row in by_target:
        row["label"] = labels.get(row["key"], row["key"])
    return render(
        request,
        "sla/overview.html",
        {
            "by_target": by_target,
            "by_department": by_department,
            "daily": daily,
            "open": selectors.open_counts(project=project),
            "start": start_day,
            "end": today,
        },
    )
