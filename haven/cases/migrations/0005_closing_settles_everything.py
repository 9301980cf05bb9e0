"""Closing settles everything (issue 12): a referral's chase, a deletion request closed without
confirmation, and closing with work not finished as a decision the headteacher agrees to.

The two new encrypted columns are added as plain text first, then made encrypted: adding an
encrypted column with a default would pass the empty default through the field's refusal of
unsealed values. No row holds anything in them yet, so nothing needs sealing.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import haven.lib.encryption


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_parts_per_person"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="caseclosure",
            name="unfinished",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="caseclosure",
            name="unfinished_decision",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.decision",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="unfinished_when_decided",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="deletionrequest",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="deletionrequest",
            name="closed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="deletionrequest",
            name="closed_reason",
            field=models.TextField(
                blank=True, default="", verbose_name="why it was closed unconfirmed"
            ),
        ),
        migrations.AlterField(
            model_name="deletionrequest",
            name="closed_reason",
            field=haven.lib.encryption.EncryptedTextField(
                blank=True, verbose_name="why it was closed unconfirmed"
            ),
        ),
        migrations.AddField(
            model_name="referral",
            name="chase_note",
            field=models.TextField(blank=True, default="", verbose_name="how it was chased"),
        ),
        migrations.AlterField(
            model_name="referral",
            name="chase_note",
            field=haven.lib.encryption.EncryptedTextField(
                blank=True, verbose_name="how it was chased"
            ),
        ),
        migrations.AddField(
            model_name="referral",
            name="chased_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="decision",
            name="type",
            field=models.CharField(
                choices=[
                    ("refer_csc", "Refer to children's social care"),
                    ("report_police", "Report to the police"),
                    ("involve_parents", "Involve parents or carers"),
                    ("do_not_inform_parents", "Do not inform parents or carers"),
                    ("manage_in_school", "Manage in school"),
                    ("view_imagery", "View the imagery (exceptional)"),
                    ("devices", "Confiscate or hand over a device"),
                    ("takedown", "Offer help to take the imagery down"),
                    ("contact_other_school", "Contact another school or setting"),
                    ("referral_override", "Do not make a required referral (override)"),
                    ("close_unfinished", "Close the case with work not finished"),
                    ("other", "Other"),
                ],
                max_length=30,
            ),
        ),
    ]
