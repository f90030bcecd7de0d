from django.urls import path

from fawang.legalaid import views

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.apply_done, name="apply_done"),
    path("intake/", views.intake, name="intake"),
    path("intake/done/", views.intake_done, name="intake_done"),
    path("cases/", views.case_list, name="cases"),
    path("cases/export.xlsx", views.export_xlsx, name="export"),
    path("figures/", views.figures, name="figures"),
    path("objections/", views.objection_list, name="objections"),
    path("objection/<str:number>/", views.objection_citizen, name="objection"),
    path(
        "cases/<str:number>/objections/<int:pk>/decide/",
        views.objection_decide,
        name="objection_decide",
    ),
    path(
        "cases/<str:number>/objections/<int:pk>/decision.pdf",
        views.objection_pdf,
        name="objection_pdf",
    ),
    path("cases/<str:number>/", views.case_detail, name="case"),
    path("cases/<str:number>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("cases/<str:number>/assignment.pdf", views.assignment_pdf, name="assignment_pdf"),
    path("cases/<str:number>/termination.pdf", views.termination_pdf, name="termination_pdf"),
    path("cases/<str:number>/<slug:action>/", views.case_action, name="action"),
]
