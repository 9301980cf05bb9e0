"""Haven's support directory, from GUIDANCE.md's list of services to signpost.

Numbers and hours change: each entry carries the date it was last checked, and schools can change
any entry for themselves. A later release updates these rows by `key` in a new data migration.
"""

from datetime import date

from django.db import migrations

CHECKED = date(2026, 11, 25)

SERVICES = [
    {
        "key": "childline",
        "name": "Childline",
        "audience": "young_people",
        "who_for": "Anyone under 19",
        "offers": "Free, private help from a counsellor about anything, at any time. Calls do not show on your phone bill.",
        "phone": "0800 1111",
        "phone_note": "Free, day and night",
        "chat_url": "https://www.childline.org.uk/get-support/1-2-1-counsellor-chat/",
        "web_url": "https://www.childline.org.uk/",
    },
    {
        "key": "report-remove",
        "name": "Report Remove",
        "audience": "young_people",
        "who_for": "Young people under 18, about a nude picture or video of themselves",
        "offers": "Childline and the Internet Watch Foundation help get a nude picture or video of you taken off the internet. Childline supports you all the way through.",
        "web_url": "https://www.childline.org.uk/info-advice/bullying-abuse-safety/online-mobile-safety/remove-nude-image-shared-online/",
    },
    {
        "key": "take-it-down",
        "name": "Take It Down",
        "audience": "everyone",
        "who_for": "Anyone with a nude picture or video of them taken when they were under 18, and parents or carers helping them",
        "offers": "Makes a digital fingerprint of the picture on your own phone or computer, without sending the picture, so that apps that take part can find and block copies.",
        "web_url": "https://takeitdown.ncmec.org/",
    },
    {
        "key": "ceop",
        "name": "CEOP Safety Centre",
        "audience": "everyone",
        "who_for": "Young people, and adults worried about a child",
        "offers": "Report online sexual abuse, grooming, or someone threatening to share pictures, to the child protection officers of the National Crime Agency.",
        "web_url": "https://www.ceop.police.uk/Safety-Centre/",
    },
    {
        "key": "nspcc-helpline",
        "name": "NSPCC helpline",
        "audience": "adults",
        "who_for": "Adults worried about a child",
        "offers": "Advice and support from child protection experts. They can pass on worries about a child's safety.",
        "phone": "0808 800 5000",
        "phone_note": "Free. You can also e-mail help@nspcc.org.uk",
        "web_url": "https://www.nspcc.org.uk/keeping-children-safe/reporting-abuse/nspcc-helpline/",
    },
    {
        "key": "papyrus",
        "name": "PAPYRUS HOPELINE247",
        "audience": "everyone",
        "who_for": "Young people who are thinking about suicide, and anyone worried about a young person",
        "offers": "Confidential support and advice from trained advisers.",
        "phone": "0800 068 4141",
        "phone_note": "Free, day and night. You can also text or e-mail: see the website.",
        "web_url": "https://www.papyrus-uk.org/",
    },
    {
        "key": "marie-collins-foundation",
        "name": "Marie Collins Foundation",
        "audience": "everyone",
        "who_for": "Children and young people harmed online, and their families",
        "offers": "Support to recover from sexual abuse or exploitation that happened online or through a phone.",
        "web_url": "https://www.mariecollinsfoundation.org.uk/",
    },
    {
        "key": "internet-matters",
        "name": "Internet Matters",
        "audience": "adults",
        "who_for": "Parents and carers",
        "offers": "Clear guides to apps, settings and staying safe online, including what to do about nudes and sextortion.",
        "web_url": "https://www.internetmatters.org/",
    },
    {
        "key": "thinkuknow",
        "name": "Thinkuknow",
        "audience": "everyone",
        "who_for": "Children, young people, parents and carers",
        "offers": "Advice about staying safe online from the National Crime Agency's CEOP team, with a section for each age.",
        "web_url": "https://www.thinkuknow.co.uk/",
    },
    {
        "key": "stop-it-now",
        "name": "Stop It Now",
        "audience": "adults",
        "who_for": "Adults worried about their own or someone else's sexual thoughts or behaviour towards children",
        "offers": "A confidential helpline and advice online, from the Lucy Faithfull Foundation.",
        "phone": "0808 1000 900",
        "phone_note": "Free and confidential",
        "web_url": "https://www.stopitnow.org.uk/",
    },
    {
        "key": "shore",
        "name": "Shore",
        "audience": "young_people",
        "who_for": "Young people aged 13 to 18 worried about their own sexual thoughts or behaviour",
        "offers": "Confidential advice and an online chat, from the Lucy Faithfull Foundation.",
        "web_url": "https://shorespace.org.uk/",
    },
    {
        "key": "report-harmful-content",
        "name": "Report Harmful Content",
        "audience": "everyone",
        "who_for": "Anyone aged 13 or over",
        "offers": "Help to report harmful things online, such as bullying, threats or someone pretending to be you, when the app or website has not acted.",
        "web_url": "https://reportharmfulcontent.com/",
    },
]


def seed(apps, schema_editor):
    SupportService = apps.get_model("public", "SupportService")
    for order, values in enumerate(SERVICES, start=1):
        SupportService.objects.update_or_create(
            school=None,
            key=values["key"],
            defaults={**values, "order": order * 10, "last_checked": CHECKED},
        )


def unseed(apps, schema_editor):
    SupportService = apps.get_model("public", "SupportService")
    SupportService.objects.filter(school=None, key__in=[s["key"] for s in SERVICES]).delete()


class Migration(migrations.Migration):
    dependencies = [("public", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
