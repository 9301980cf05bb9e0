from django.urls import path

from haven.public import manage_views, report_views, views

app_name = "public"

school = "s/<slug:school_slug>/"
manage = school + "manage/"

urlpatterns = [
    path("", views.landing, name="landing"),
    # What anyone can read.
    path(school, views.school_home, name="school_home"),
    path(school + "parents/", views.parents, name="parents"),
    path(school + "young-people/", views.young_people, name="young_people"),
    path(school + "support/", views.support, name="support"),
    path(school + "contacts/", views.contacts, name="contacts"),
    path(school + "safeguarding-policy/", views.policy, name="policy"),
    # Telling the school, and reading its reply.
    path(school + "let-us-know/", report_views.let_us_know, name="let_us_know"),
    path(school + "i-need-help/", report_views.i_need_help, name="i_need_help"),
    path(school + "sent/", report_views.report_sent, name="report_sent"),
    path(school + "check/", report_views.check, name="check"),
    path(school + "check/your-report/", report_views.check_report, name="check_report"),
    path(school + "check/add/", report_views.check_add, name="check_add"),
    path(school + "check/finish/", report_views.check_finish, name="check_finish"),
    # The school admin's editors.
    path(manage, manage_views.manage, name="manage"),
    path(manage + "pages/<slug:page_slug>/", manage_views.manage_page, name="manage_page"),
    path(
        manage + "pages/<slug:page_slug>/versions/",
        manage_views.manage_page_versions,
        name="manage_page_versions",
    ),
    path(
        manage + "pages/<slug:page_slug>/versions/<int:number>/restore/",
        manage_views.manage_page_restore,
        name="manage_page_restore",
    ),
    path(manage + "support/", manage_views.manage_support, name="manage_support"),
    path(manage + "support/add/", manage_views.manage_support_add, name="manage_support_add"),
    path(
        manage + "support/<int:service_id>/",
        manage_views.manage_support_edit,
        name="manage_support_edit",
    ),
    path(
        manage + "support/<int:service_id>/hide/",
        manage_views.manage_support_hide,
        name="manage_support_hide",
    ),
    path(
        manage + "support/<int:service_id>/remove/",
        manage_views.manage_support_remove,
        name="manage_support_remove",
    ),
    path(manage + "contacts/", manage_views.manage_contacts, name="manage_contacts"),
    path(manage + "policy/", manage_views.manage_policy, name="manage_policy"),
    path(manage + "policy/remove/", manage_views.manage_policy_remove, name="manage_policy_remove"),
]
