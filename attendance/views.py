import csv
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from activities.models import Activity
from attendance import services
from attendance.forms import ErasureForm, ListForm
from attendance.models import AttendanceList
from core import staging
from core.permissions import can_record_attendance, is_coordinator, require
from core.pseudonyms import key_for
from core.views_helpers import paginate

KEY = re.compile(r"^[0-9a-f]{64}$")


def _activity(request, slug) -> Activity:
    activity = get_object_or_404(Activity, slug=slug)
    require(can_record_attendance(request.user, activity))
    return activity


def _page(request, activity, form, *, status=200, **extra):
    return render(
        request,
        "attendance/activity.html",
        {
            "activity": activity,
            "form": form,
            "attendance": services.activity_attendance(activity),
            **extra,
        },
        status=status,
    )


@login_required
def activity_page(request, slug):
    """The activity's attendance: its figures, and a new list checked (POST) before it is saved."""
    activity = _activity(request, slug)
    if request.method != "POST":
        return _page(request, activity, ListForm())
    form = ListForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, activity, form, status=400)
    reading = form.reading()
    services.leave_out_erased(reading)
    if reading.errors:
        return _page(request, activity, form, reading=reading, status=400)
    return _page(
        request,
        activity,
        ListForm(),
        reading=reading,
        preview=services.preview(activity, reading),
        upload=services.hold(activity, request.user, reading),
    )


@login_required
@require_POST
def confirm(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    activity = _activity(request, slug)
    upload = services.held(activity, request.user, request.POST.get("token", ""))
    cancel = request.POST.get("action") == "cancel"
    shrink = services.held_shrinks(activity, upload) if upload is not None and not cancel else None
    if shrink is not None and request.POST.get("replace_longer") != "1":
        # The check page asks for this box; without it a short list never silently replaces a long one.
        messages.error(
            request,
            _(
                "The list was not saved: it has %(people)s people and the saved list has %(saved)s. "
                "Check the list again and tick that it may replace the longer one."
            )
            % {"people": shrink[0], "saved": shrink[1]},
        )
        return redirect("attendance:activity", slug=activity.slug)
    # Consumed or saved by another request in between (a form posted twice) reads as not waiting.
    if upload is not None and cancel and staging.consume(upload):
        messages.info(request, _("The list was not saved."))
    elif upload is not None and not cancel and (saved := services.save_held(activity, upload, request.user)):
        messages.success(
            request,
            ngettext(
                "The list of %(count)s participant was saved. The activity's figures now come from it.",
                "The list of %(count)s participants was saved. The activity's figures now come from it.",
                saved.rows,
            )
            % {"count": saved.rows},
        )
    else:
        messages.info(
            request,
            _(
                "No checked list is waiting to be saved: it was saved or cancelled already, or "
                "it is older than a day. Upload it again if needed."
            ),
        )
    return redirect("attendance:activity", slug=activity.slug)


@login_required
def export(request, slug):
    activity = _activity(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="aanwezigheid-{activity.slug}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    csv.writer(response, delimiter=";").writerows(services.export_rows(activity))
    return response


@login_required
def remove(request, slug):
    activity = _activity(request, slug)
    attendance_list = get_object_or_404(AttendanceList, activity=activity)
    if request.method == "POST":
        removed = services.remove_list(activity)
        messages.success(
            request,
            ngettext("The list was removed (%(count)s row).", "The list was removed (%(count)s rows).", removed)
            % {"count": removed},
        )
        return redirect("attendance:activity", slug=activity.slug)
    return render(request, "attendance/remove.html", {"activity": activity, "attendance_list": attendance_list})


@login_required
def overview(request):
    require(is_coordinator(request.user))
    lists = AttendanceList.objects.select_related("activity").order_by("-activity__start", "pk")
    return render(
        request,
        "attendance/overview.html",
        {
            "table": services.year_table(),
            "page": paginate(request, lists),
        },
    )


@login_required
def erasure(request):
    """An erasure request: find a participant by e-mail address or name, then remove their key everywhere."""
    require(is_coordinator(request.user))
    if request.method == "POST" and request.POST.get("action") == "erase":
        keys = [key for key in request.POST.getlist("key")[:2] if KEY.match(key)]
        if not keys or not request.POST.get("confirm"):
            messages.error(request, _("Nothing was removed. Look the person up again and tick the box to confirm."))
            return redirect("attendance:erasure")
        touched = services.erase(keys)
        messages.success(
            request,
            ngettext(
                "The person was removed from %(count)s attendance row. The activities' totals stay as they were.",
                "The person was removed from %(count)s attendance rows. The activities' totals stay as they were.",
                touched,
            )
            % {"count": touched},
        )
        return redirect("attendance:erasure")
    form = ErasureForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        keys = [key_for(text) for text in (form.cleaned_data["email"], form.cleaned_data["name"]) if text.strip()]
        found = services.find_participants([key for key in keys if key])
    return render(
        request, "attendance/erasure.html", {"form": form, "found": found}, status=400 if form.errors else 200
    )
