from django.urls import path

from haven.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.second_factor, name="second_factor"),
    path("sign-in/set-up-app/", views.enrol, name="enrol"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("sign-out/everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("home/", views.home, name="home"),
    path("invitation/<str:token>/", views.accept, name="accept_invitation"),
]
