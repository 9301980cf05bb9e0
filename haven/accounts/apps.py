from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, sign-in with a second factor, and the one authority on who may do what."""

    name = "haven.accounts"
    label = "accounts"
    verbose_name = "Accounts"
