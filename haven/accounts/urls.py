from django.urls import path

from haven.accounts import passkey_views, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.second_factor, name="second_factor"),
    path("sign-in/set-up-app/", views.enrol, name="enrol"),
    path("confirm-code/", views.confirm_code, name="confirm_code"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("sign-out/everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("home/", views.home, name="home"),
    path("passkeys/", passkey_views.passkey_list, name="passkeys"),
    path("passkeys/<int:passkey_id>/remove/", passkey_views.passkey_remove, name="passkey_remove"),
    path("passkeys/add/begin/", passkey_views.add_begin, name="passkey_add_begin"),
    path("passkeys/add/complete/", passkey_views.add_complete, name="passkey_add_complete"),
    path("sign-in/passkey/begin/", passkey_views.sign_in_begin, name="passkey_sign_in_begin"),
    path(
        "sign-in/passkey/complete/",
        passkey_views.sign_in_complete,
        name="passkey_sign_in_complete",
    ),
    path("passkeys/words.js", passkey_views.script_words, name="passkey_script_words"),
    path("invitation/<str:token>/", views.accept, name="accept_invitation"),
]
