from django.urls import path

from network import views, views_identity, views_lines, views_merge, views_people, views_signup, views_themes

app_name = "network"

urlpatterns = [
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("organisaties/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("organisaties/<slug:slug>/bewerken/", views.organisation_edit, name="organisation_edit"),
    path("organisaties/<slug:slug>/samenvoegen/", views_merge.organisation_merge, name="organisation_merge"),
    path("organisaties/<slug:gone>/samenvoegen-met/<slug:stays>/", views_merge.merge_confirm, name="merge_confirm"),
    path("samenvoegingen/<int:pk>/", views_merge.merge_detail, name="merge_detail"),
    path("samenvoegingen/<int:pk>/ongedaan-maken/", views_merge.merge_undo, name="merge_undo"),
    path("mensen/nieuw/", views.person_create, name="person_create"),
    path("mensen/<int:pk>/bewerken/", views.person_edit, name="person_edit"),
    path("mensen/<int:pk>/verwijderen/", views.person_delete, name="person_delete"),
    path("organisaties/<slug:slug>/uitnodigingen/", views_people.invitation_list, name="invitation_list"),
    path("uitnodigingen/nieuw/", views_people.invitation_create, name="invitation_create"),
    path("uitnodigingen/<int:pk>/opnieuw/", views_people.invitation_resend, name="invitation_resend"),
    path("uitnodigingen/<int:pk>/intrekken/", views_people.invitation_withdraw, name="invitation_withdraw"),
    path("uitnodiging/<str:token>/", views_people.invitation_accept, name="invitation_accept"),
    path("gebruikers/", views_people.people_list, name="people_list"),
    path("gebruikers/<int:pk>/", views_people.account_detail, name="account_detail"),
    path("gebruikers/<int:pk>/rol/", views_people.account_role, name="account_role"),
    path("gebruikers/<int:pk>/actief/", views_people.account_active, name="account_active"),
    path("aanmelden/", views_signup.signup, name="signup"),
    path("aanmelden/verstuurd/", views_signup.signup_sent, name="signup_sent"),
    path("aanmelden/<str:token>/", views_signup.signup_verify, name="signup_verify"),
    path("aanmeldingen/", views_signup.signup_list, name="signup_list"),
    path("aanmeldingen/instelling/", views_signup.signup_settings, name="signup_settings"),
    path("aanmeldingen/<int:pk>/", views_signup.signup_decide, name="signup_decide"),
    path("lijnen/", views.line_list, name="line_list"),
    path("lijnen/nieuw/", views_lines.line_create, name="line_create"),
    path("lijnen/<slug:slug>/", views.line_detail, name="line_detail"),
    path("lijnen/<slug:slug>/bewerken/", views_lines.line_edit, name="line_edit"),
    path("lijnen/<slug:slug>/uit-gebruik/", views_lines.line_retire, name="line_retire"),
    path("lijnen/<slug:slug>/verwijderen/", views_lines.line_delete, name="line_delete"),
    path("lijnen/<slug:slug>/vragen/nieuw/", views_lines.line_question_create, name="line_question_create"),
    path("lijnen/<slug:slug>/vragen/<int:pk>/", views_lines.line_question_edit, name="line_question_edit"),
    path("over-het-netwerk/", views_identity.identity_page, name="identity"),
    path("over-het-netwerk/bewerken/", views_identity.identity_edit, name="identity_edit"),
    path("themas/", views_themes.theme_list, name="theme_list"),
    path("themas/nieuw/", views_themes.theme_create, name="theme_create"),
    path("themas/<slug:slug>/bewerken/", views_themes.theme_edit, name="theme_edit"),
    path("themas/<slug:slug>/intrekken/", views_themes.theme_retire, name="theme_retire"),
    path("themas/<slug:slug>/samenvoegen/", views_themes.theme_merge, name="theme_merge"),
    path(
        "themas/<slug:gone>/samenvoegen-met/<slug:stays>/", views_themes.theme_merge_confirm, name="theme_merge_confirm"
    ),
]
