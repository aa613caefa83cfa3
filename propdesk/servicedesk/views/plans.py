"""Planned callbacks (回访计划): plans with their progress, the tasks, and recording each outcome."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from propdesk.core import lifecycle
from propdesk.core.access import get_object_for_user, has_project_perm
from propdesk.core.decorators import object_view, project_view
from propdesk.core.errors import ServiceError
from propdesk.core.models import User
from propdesk.registry.models import Building
from propdesk.registry.models.core import unit_order

from .. import permissions, selectors
from ..choices import CallbackMethod, Satisfaction
from ..models import CallbackPlan, CallbackTask, Category, PlanKind, PlanTaskState
from ..services import plans as services

VIEW = "servicedesk.view_callbackplan"
PLAN = services.PLAN_PERM
CALLBACK = services.CALLBACK_PERM
SATISFIED = [Satisfaction.SATISFIED, Satisfaction.FAIR]


def with_progress(qs):
    return qs.annotate(
        total=Count("tasks"),
        done=Count("tasks", filter=Q(tasks__state=PlanTaskState.DONE)),
        unreachable=Count("tasks", filter=Q(tasks__state=PlanTaskState.UNREACHABLE)),
        satisfied=Count("tasks", filter=Q(tasks__satisfaction__in=SATISFIED)),
    )


def progress(plan) -> dict:
    finished = plan.done + plan.unreachable
    return {
        "done_rate": round(100.0 * finished / plan.total, 1) if plan.total else None,
        "satisfaction_rate": round(100.0 * plan.satisfied / plan.done, 1) if plan.done else None,
    }


class PlanForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("title"), max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("kind of plan"), choices=PlanKind.choices)
    starts_on = forms.DateField(label=gettext_lazy("from"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=gettext_lazy("to"), widget=forms.DateInput(attrs={"type": "date"}))
    scope = forms.CharField(label=gettext_lazy("scope"), max_length=200, required=False)
    content = forms.CharField(label=gettext_lazy("main content"), widget=forms.Textarea(attrs={"rows": 3}))
    method = forms.ChoiceField(label=gettext_lazy("callback method"), choices=CallbackMethod.choices)
    responsible = forms.ModelChoiceField(
        label=gettext_lazy("responsible person"), queryset=User.objects.none()
    )
    sample_size = forms.IntegerField(
        label=gettext_lazy("sample size"), min_value=0, initial=30, required=False
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("problem category"), queryset=Category.objects.none(), required=False
    )
    buildings = forms.ModelMultipleChoiceField(
        label=gettext_lazy("buildings (empty: all)"),
        queryset=Building.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The project's staff, categories and the buildings the planner sees (a butler who may plan: her own).
        for name, queryset in selectors.plan_choices(project, user).items():
            self.fields[name].queryset = queryset


@project_view(VIEW)
def plan_list(request):
    plans = list(
        with_progress(
            CallbackPlan.objects.for_user(request.user).filter(project=request.project)
        ).select_related("responsible")
    )
    for plan in plans:
        plan.progress = progress(plan)
    return render(
        request,
        "servicedesk/plans.html",
        {"plans": plans, "can_plan": has_project_perm(request.user, request.project, PLAN)},
    )


@project_view(PLAN)
def plan_new(request):
    form = PlanForm(
        request.POST or None,
        project=request.project,
        user=request.user,
        initial={"responsible": request.user},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.create_plan(
                project=request.project,
                actor=request.user,
                title=data["title"],
                kind=data["kind"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                scope=data["scope"],
                content=data["content"],
                method=data["method"],
                responsible=data["responsible"],
                sample_size=data["sample_size"] or 0,
                category=data["category"],
                buildings=data["buildings"],
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, _("Callback plan saved. Generate its callbacks when the scope is right.")
            )
            return redirect("servicedesk:plan_detail", pk=plan.pk)
    return render(request, "servicedesk/plan_new.html", {"form": form})


@project_view(PLAN)
@object_view(CallbackPlan)
def plan_edit(request, pk: int):
    """Change a plan: everything while a draft; title, content, method, responsible and end date after."""
    plan = get_object_for_user(CallbackPlan.objects, request.user, pk, perm=PLAN)
    initial = {name: getattr(plan, name) for name in services.PLAN_FIELDS if name != "buildings"}
    initial["buildings"] = list(plan.buildings.all())
    form = PlanForm(request.POST or None, project=request.project, user=request.user, initial=initial)
    frozen = permissions.plan_scope_frozen(plan)
    if frozen:
        for name in form.fields:
            if name not in services.EDITABLE_WHEN_ACTIVE:
                form.fields[name].disabled = True  # shown, not submitted: the sample is drawn
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in services.PLAN_FIELDS if not form.fields[name].disabled}
        if "sample_size" in changes:
            changes["sample_size"] = changes["sample_size"] or 0
        try:
            services.update_plan(plan=plan, actor=request.user, **changes)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Callback plan saved."))
            return redirect("servicedesk:plan_detail", pk=plan.pk)
    return render(request, "servicedesk/plan_new.html", {"form": form, "plan": plan, "frozen": frozen})


@project_view(VIEW)
@object_view(CallbackPlan)
def plan_detail(request, pk: int):
    plan = get_object_for_user(
        with_progress(CallbackPlan.objects.select_related("responsible", "category", "created_by")),
        request.user,
        pk,
        perm=VIEW,
    )
    # A butler sees the callbacks of her buildings' rooms (for_user); the progress counts the plan's.
    tasks = (
        CallbackTask.objects.for_user(request.user)
        .filter(plan=plan)
        .select_related("plan__project", "unit__building", "party", "request", "done_by", "follow_up")
        .order_by("state", *unit_order("unit__"))
    )
    by_method = dict(
        CallbackTask.objects.filter(plan=plan, state=PlanTaskState.DONE)
        .values_list("method")
        .annotate(n=Count("id"))
        .values_list("method", "n")
    )
    return render(
        request,
        "servicedesk/plan_detail.html",
        {
            "plan": plan,
            "progress": progress(plan),
            "tasks": tasks,
            "by_method": [(label, by_method.get(value, 0)) for value, label in CallbackMethod.choices],
            "buildings": list(plan.buildings.all()),
            "can_edit": permissions.can_edit_plan(request.user, plan),
            # What the plan's lifecycle lets this user do now: generate its callbacks, close it.
            "plan_moves": {m.name for m in lifecycle.allowed_moves(plan, request.user)},
            "can_call": has_project_perm(request.user, plan.project, CALLBACK),
            "methods": CallbackMethod.choices,
            "satisfactions": Satisfaction.choices,
        },
    )


@project_view(PLAN)
@object_view(CallbackPlan)
@require_POST
def plan_generate(request, pk: int):
    plan = get_object_for_user(CallbackPlan.objects, request.user, pk, perm=PLAN)
    try:
        n = services.generate_tasks(plan=plan, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)d callbacks generated.") % {"n": n})
    return redirect("servicedesk:plan_detail", pk=plan.pk)


@project_view(PLAN)
@object_view(CallbackPlan)
@require_POST
def plan_close(request, pk: int):
    plan = get_object_for_user(CallbackPlan.objects, request.user, pk, perm=PLAN)
    try:
        services.close_plan(plan=plan, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Plan closed."))
    return redirect("servicedesk:plan_detail", pk=plan.pk)


@project_view(CALLBACK)
@object_view(CallbackTask)
@require_POST
def task_record(request, pk: int):
    task = get_object_for_user(CallbackTask.objects, request.user, pk, perm=CALLBACK)
    post = request.POST
    try:
        services.record_plan_callback(
            task=task,
            actor=request.user,
            method=post.get("method", ""),
            satisfaction=post.get("satisfaction", ""),
            owner_words=post.get("owner_words", ""),
            unreachable=post.get("unreachable") == "1",
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Callback recorded."))
    return redirect("servicedesk:plan_detail", pk=task.plan_id)
