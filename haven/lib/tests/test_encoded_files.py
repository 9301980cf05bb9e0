"""check_words: a picture written out as text is refused however it is written, and what people
really write (in the languages families use, with dates, phone numbers, usernames, links) is not.

The encodings are reversible: each test payload could be turned back into the picture. The bytes
are random, as a compressed picture's are; the shortest is a few hundred bytes, the size of the
smallest thumbnail anyone could recognise.
"""

# ruff: noqa: RUF001 (real writing in other scripts has letters that look like Latin ones)
import base64
import binascii
import quopri
import random
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.lib.encoded_files import EncodedFileRefused, check_words

Encoding = Callable[[bytes], str]


def _ascii(encode: Callable[[bytes], bytes]) -> Encoding:
    return lambda data: encode(data).decode("ascii")


def _uuencode(data: bytes) -> str:
    return "".join(
        binascii.b2a_uu(data[i : i + 45]).decode("ascii") for i in range(0, len(data), 45)
    )


def _numbers(base: Callable[[int], str], width: int = 1) -> Encoding:
    """Each byte (or each `width` bytes, as one number) written as a number."""
    return lambda data: " ".join(
        base(int.from_bytes(data[i : i + width], "big")) for i in range(0, len(data), width)
    )


ENCODINGS: dict[str, Encoding] = {
    "base64": _ascii(base64.b64encode),
    "base64 in lines of 76": _ascii(base64.encodebytes),
    "base64 url-safe": _ascii(base64.urlsafe_b64encode),
    "base64 with no padding": lambda data: base64.b64encode(data).decode().rstrip("="),
    "data: address": lambda data: "data:image/jpeg;base64," + base64.b64encode(data).decode(),
    "base32": _ascii(base64.b32encode),
    "base32 small letters": lambda data: base64.b32encode(data).decode().lower(),
    "base32 hex alphabet": _ascii(base64.b32hexencode),
    "base85": _ascii(base64.b85encode),
    "ascii85": _ascii(base64.a85encode),
    "ascii85 in lines": lambda data: base64.a85encode(data, wrapcol=60).decode(),
    "hex": lambda data: data.hex(),
    "hex capitals": lambda data: data.hex().upper(),
    "hex with colons": lambda data: data.hex(":"),
    "hex as 0x list": lambda data: ", ".join(f"0x{b:02x}" for b in data),
    "hex as \\x escapes": lambda data: "".join(f"\\x{b:02x}" for b in data),
    "hex as % escapes": lambda data: "".join(f"%{b:02X}" for b in data),
    "decimal bytes": _numbers(str),
    "decimal bytes with commas": lambda data: ", ".join(str(b) for b in data),
    "decimal bytes one a line": lambda data: "\n".join(str(b) for b in data),
    "decimal 16-bit numbers": _numbers(str, width=2),
    "decimal 32-bit numbers": _numbers(str, width=4),
    "one long decimal number": lambda data: str(int.from_bytes(b"\x01" + data[:1700], "big")),
    "octal bytes": _numbers(lambda n: f"{n:o}"),
    "octal escapes": lambda data: "".join(f"\\{b:03o}" for b in data),
    "binary bytes": _numbers(lambda n: f"{n:08b}"),
    "binary with no spaces": lambda data: "".join(f"{b:08b}" for b in data),
    "braille": lambda data: "".join(chr(0x2800 + b) for b in data),
    "private use characters": lambda data: "".join(chr(0xE000 + b) for b in data),
    "latin-1 characters": lambda data: data.decode("latin-1"),
    "uuencode": _uuencode,
    "quoted-printable": lambda data: quopri.encodestring(data).decode("latin-1"),
    "html character references": lambda data: "".join(f"&#{b};" for b in data),
}
SEPARATORS = ["", " ", "  ", "\n", "\r\n", " - ", ", ", "\t", ". "]


@st.composite
def written_out(draw: st.DrawFn) -> tuple[str, str]:
    """(how, text): random bytes encoded one of the ways above, perhaps cut into groups with a
    separator between them and words around them."""
    # From a seed, so that shrinking cannot turn a picture's bytes into a run of zeros.
    seed, size = draw(st.integers(min_value=0)), draw(st.integers(min_value=300, max_value=2000))
    data = random.Random(seed).randbytes(size)  # noqa: S311 (test data, not a secret)
    how = draw(st.sampled_from(sorted(ENCODINGS)))
    text = ENCODINGS[how](data)
    if draw(st.booleans()):
        size = draw(st.integers(min_value=2, max_value=80))
        separator = draw(st.sampled_from(SEPARATORS))
        text = separator.join(text[i : i + size] for i in range(0, len(text), size))
        how += f", in groups of {size} with {separator!r} between"
    before = draw(st.sampled_from(["", "Here it is:\n", "This is what he sent me. "]))
    return how, before + text + draw(st.sampled_from(["", "\nPlease help.", " Thanks"]))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(written_out())
def test_a_picture_written_out_in_any_of_many_ways_is_refused(example):
    how, text = example
    with pytest.raises(EncodedFileRefused):
        check_words(text)
    assert how  # what hypothesis shows when one is not refused


@pytest.mark.parametrize("how", sorted(ENCODINGS))
def test_each_encoding_of_a_small_picture_is_refused(how):
    data = random.Random(19).randbytes(400)  # noqa: S311 (test data, not a secret)
    with pytest.raises(EncodedFileRefused):
        check_words(ENCODINGS[how](data))


# --- What people write ----------------------------------------------------------------------------

WRITING = {
    "english": (
        "On Tuesday 03/12/2026 at about 4.30pm my son (Year 9) got a message on Snapchat from "
        "@jay_2011 asking for a picture. He said no. Then someone called xx_kayla.b_xx sent him a "
        "link: https://www.snapchat.com/add/jay_2011 and said everyone had seen it. Please call me "
        "on 07700 900 982 or +44 7700 900982 after 6pm, not before."
    ),
    "texting": (
        "omg he sent it 2 everyone in the gc!!!!!!!!!! "
        + "😭" * 12
        + " i didnt want him to "
        + "ha" * 60
        + " n"
        + "o" * 120
        + " pls help"
    ),
    "a scream": "he sent it AGAIN " + "A" * 400 + "RGH " + "ffs " * 50 + "!!!!!!!!!!!!" * 30,
    "texting in short words": (
        "i am in Y9 and he is in Y10 and he sent it 2 me at 4pm on 3/12 n i was like no u cant do "
        "that 2 me bc it is not ok and he said he wd put it on his SC story if i dnt send 1 back "
        "by 8pm so i told my mum at 9pm and she said 2 tell u at sch. we r in 9B and 10C. "
    ),
    "links": (
        "It is on these: https://www.tiktok.com/@jay_2011/video/7301234567890123456 "
        "https://www.instagram.com/p/C3xYz12AbCd/ https://youtu.be/dQw4w9WgXcQ?si=AbCdEfGh12345678 "
        "https://chat.whatsapp.com/HxYz12AbCdEf34GhIjKl5m "
        "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz012345/view?usp=sharing "
        "https://discord.gg/aBcD3fGh and https://www.google.com/url?sa=t&rct=j&q=&esrc=s&source=web"
        "&cd=&cad=rja&uact=8&ved=2ahUKEwiX4Jq7z9_yAhXGQkEAHd1wC0kQFnoECAMQAQ&url=https%3A%2F%2Fwww."
        "example.com%2F&usg=AOvVaw1AbCdEfGhIjKlMnOpQrStU"
    ),
    "welsh": (
        "Anfonodd rhywun lun o fy merch i grŵp WhatsApp yr ysgol ddydd Llun, 2 Rhagfyr 2026. "
        "Rydym yn byw yn Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch. "
        "Ffoniwch fi ar 01248 123456 os gwelwch yn dda. Diolch yn fawr iawn."
    ),
    "polish": (
        "Moja córka (12 lat) dostała wiadomość od nieznajomego na Instagramie, który prosił o "
        "zdjęcie. Wczoraj, 02.12.2026, zagroził, że wyśle je wszystkim. Jestem bardzo "
        "zaniepokojona i nie wiem, co robić. Najlepiej dzwonić po godzinie 17:00 na numer "
        "07911 123456. "
        "Konstantynopolitańczykowianeczka to najdłuższe słowo, które znam."
    ),
    "romanian": (
        "Fiul meu a primit o poză pe telefon de la un coleg de clasă și acum toată lumea din "
        "clasa a 8-a o are. S-a întâmplat pe 1 decembrie 2026. Vă rog să mă sunați la 07700 "
        "900 123. Mulțumesc foarte mult pentru ajutor; sunt îngrijorată și nu știu ce să fac."
    ),
    "ukrainian": (
        "Мій син отримав повідомлення в Telegram від незнайомої людини, яка вимагає гроші, "
        "інакше погрожує поширити фото. Це почалося 28.11.2026. Будь ласка, зателефонуйте мені "
        "за номером +44 7700 900 456 після 18:00. Дякую. Найвеличніший, високоповажний."
    ),
    "urdu": (
        "میری بیٹی کو اسکول کے ایک لڑکے نے تصویر بھیجنے کے لیے دباؤ ڈالا۔ یہ 3 دسمبر 2026 کو "
        "ہوا۔ براہ کرم مجھ سے 07700 900 789 پر رابطہ کریں۔ وہ بہت پریشان ہے اور اسکول جانے "
        "سے ڈرتی ہے۔ شکریہ۔"
    ),
    "arabic": (
        "تلقى ابني رسالة من شخص لا يعرفه على سناب شات يطلب منه صورة، ثم هدده بنشرها إذا لم "
        "يرسل المال. حدث ذلك يوم ٢ ديسمبر ٢٠٢٦. أرجو الاتصال بي على الرقم ٠٧٧٠٠٩٠٠٣٢١ بعد "
        "الساعة الخامسة مساءً. شكراً جزيلاً لكم على المساعدة والاهتمام."
    ),
    "bengali": (
        "আমার মেয়েকে স্কুলের একজন ছেলে ছবি পাঠাতে চাপ দিয়েছে। এটা ৩ ডিসেম্বর ২০২৬ তারিখে "
        "হয়েছে। দয়া করে আমাকে ০৭৭০০ ৯০০ ৬৫৪ নম্বরে ফোন করুন। সে খুব ভয় পাচ্ছে এবং স্কুলে "
        "যেতে চাইছে না। ধন্যবাদ।"
    ),
    "punjabi gurmukhi": (
        "ਮੇਰੇ ਪੁੱਤਰ ਨੂੰ ਕਿਸੇ ਅਣਜਾਣ ਵਿਅਕਤੀ ਨੇ ਇੰਸਟਾਗ੍ਰਾਮ ਉੱਤੇ ਸੁਨੇਹਾ ਭੇਜਿਆ ਅਤੇ ਤਸਵੀਰ ਮੰਗੀ। "
        "ਇਹ 2 ਦਸੰਬਰ 2026 ਨੂੰ ਹੋਇਆ। ਕਿਰਪਾ ਕਰਕੇ ਮੈਨੂੰ 07700 900 111 ਉੱਤੇ ਫ਼ੋਨ ਕਰੋ। ਧੰਨਵਾਦ।"
    ),
    "punjabi shahmukhi": (
        "میرے پتر نوں کسے انجان بندے نے انسٹاگرام تے سنیہا بھیجیا تے تصویر منگی۔ ایہہ 2 دسمبر "
        "2026 نوں ہویا۔ مہربانی کر کے مینوں 07700 900 222 تے فون کرو۔"
    ),
    "somali": (
        "Wiilkayga waxaa farriin u soo diray qof aanu aqoon oo ku jira Snapchat, wuxuuna ka "
        "codsaday sawir. Taasi waxay dhacday 2da Diseembar 2026. Fadlan iga soo wac 07700 900 "
        "333 kadib saacadda 5ta galabnimo. Mahadsanid, aad baan uga walaacsanahay arrintan."
    ),
    "chinese": (
        "我的女儿今年十三岁，上周二（2026年12月1日）有人在微信上向她索要照片，并威胁说如果不给就"
        "把她的聊天记录发给全班同学。她现在很害怕，不敢去上学。请在下午五点以后打我的电话"
        "07700900444。非常感谢您的帮助。我们住在学校附近，孩子在八年级二班。" * 3
    ),
    "hindi": (
        "मेरी बेटी को किसी ने इंस्टाग्राम पर तस्वीर भेजने के लिए कहा और फिर धमकी दी। यह 2 "
        "दिसंबर 2026 को हुआ। कृपया मुझे 07700 900 555 पर फ़ोन करें। धन्यवाद।"
    ),
    "gujarati": (
        "મારા દીકરાને કોઈ અજાણી વ્યક્તિએ ફોટો મોકલવા કહ્યું. આ 2 ડિસેમ્બર 2026ના રોજ થયું. "
        "કૃપા કરીને મને 07700 900 666 પર ફોન કરો. આભાર."
    ),
    "tamil": (
        "என் மகளுக்கு ஒருவர் இன்ஸ்டாகிராமில் புகைப்படம் அனுப்பச் சொல்லி மிரட்டினார். இது "
        "டிசம்பர் 2, 2026 அன்று நடந்தது. தயவுசெய்து 07700 900 777 என்ற எண்ணில் அழைக்கவும்."
    ),
    "pashto": (
        "زما زوی ته یو نا اشنا سړي پیغام لیږلی او عکس یې غوښتی دی. دا د ۲۰۲۶ کال د دسمبر په "
        "۲ نیټه وشول. مهرباني وکړئ ما ته په 07700 900 888 زنګ ووهئ. مننه."
    ),
    "farsi": (
        "پسرم از یک غریبه در اینستاگرام پیامی دریافت کرد که از او عکس خواست و بعد تهدیدش کرد. "
        "این اتفاق در تاریخ ۱۱ آذر ۱۴۰۵ افتاد. لطفاً با شماره ۰۷۷۰۰۹۰۰۹۹۹ با من تماس بگیرید."
    ),
    "kurdish sorani": (
        "کوڕەکەم نامەیەکی لە کەسێکی نەناسراو وەرگرت کە داوای وێنەی لێکرد. ئەمە لە ٢ی "
        "کانوونی یەکەمی ٢٠٢٦ ڕوویدا. تکایە پەیوەندیم پێوە بکەن لە ژمارە 07700 900 121."
    ),
    "tigrinya": (
        "ወደይ ካብ ዘይፈልጦ ሰብ ብስናፕቻት መልእኽቲ ተቐቢሉ፣ ስእሊ ድማ ተሓቲቱ። እዚ ብ2 ታሕሳስ 2026 "
        "ኣጋጢሙ። በጃኹም ብ07700 900 131 ደውሉለይ። የቐንየለይ።"
    ),
    "amharic": (
        "ልጄ ከማያውቀው ሰው በኢንስታግራም መልእክት ደርሶታል፤ ፎቶም ጠይቆታል። ይህ የሆነው ታኅሣሥ 2 ቀን "
        "2026 ነው። እባክዎን በ07700 900 141 ይደውሉልኝ። አመሰግናለሁ።"
    ),
    "portuguese": (
        "A minha filha recebeu uma mensagem no TikTok de alguém que pedia fotografias. Aconteceu "
        "no dia 2/12/2026. Por favor, liguem-me para o 07700 900 151 depois das 17h. Obrigada."
    ),
    "lithuanian": (
        "Mano sūnus gavo žinutę iš nepažįstamo žmogaus, kuris reikalavo nuotraukos. Tai įvyko "
        "2026-12-02. Prašau paskambinti man numeriu 07700 900 161. Nebeprisikiškiakopūstaudavome."
    ),
    "turkish": (
        "Oğluma Instagram'da tanımadığı biri mesaj atıp fotoğraf istedi ve sonra tehdit etti. "
        "Bu 2 Aralık 2026'da oldu. Lütfen beni 07700 900 171 numarasından arayın. "
        "Çekoslovakyalılaştıramadıklarımızdanmışsınız. Teşekkür ederim."
    ),
    "greek": (
        "Η κόρη μου έλαβε μήνυμα από άγνωστο στο Instagram που ζητούσε φωτογραφία. Συνέβη στις "
        "2/12/2026. Παρακαλώ καλέστε με στο 07700 900 181 μετά τις 5 το απόγευμα. Ευχαριστώ."
    ),
    "vietnamese": (
        "Con gái tôi nhận được tin nhắn trên Facebook từ một người lạ đòi ảnh. Việc này xảy ra "
        "ngày 2 tháng 12 năm 2026. Xin hãy gọi cho tôi theo số 07700 900 191. Cảm ơn rất nhiều."
    ),
    "staff note": (
        "Spoke to Y10 pupil (DOB 14/03/2011, UPN A123456789012) in the library at 10:45. "
        "Ref CPOMS-2026-004512, MASH ref 26/11/004512, police CAD 1234 of 03/12/26. "
        "Phone IMEI 35-209900-176148-1 in locked cupboard B12. Times: 08:45, 10:45, 12:15, 15:30."
    ),
    "table of figures": "\n".join(
        f"Year {y}: {y * 31} pupils, {y * 29} attended, {y * 3}% absent" for y in range(7, 14)
    ),
    "reference list": "Reference numbers: " + ", ".join(str(430_160 + n * 977) for n in range(200)),
    "years": "Years: " + ", ".join(str(year) for year in range(1990, 2027)),
    "phone list": "Numbers he used: "
    + ", ".join(f"07700 900 {n:03d}" for n in range(100, 999, 37)),
    "email list": " ".join(f"pupil{n}@elm.sch.uk" for n in range(40)),
    "usernames": " ".join(f"@jay_{2000 + n} xx_kayla.b{n}_xx" for n in range(30)),
    "markdown page": (
        "## Who to talk to\n\n- Ms A Khan, Designated Safeguarding Lead: 01632 960 123\n"
        "- [Childline](https://www.childline.org.uk/get-support/contacting-childline/) on 0800 "
        "1111\n- [Report Remove](https://www.childline.org.uk/info-advice/bullying-abuse-safety/"
        "online-mobile-safety/remove-nude-image-shared-online/)\n" * 10
    ),
    "markdown table": "| Year | Pupils | Attended |\n|---|---|---|\n"
    + "\n".join(f"| Year {y} | {y * 31} | {y * 29} |" for y in range(7, 14)),
    "chat export": "\n".join(
        f"[03/12/2026, 16:{m:02d}:12] Jay: u there? send it or else" for m in range(60)
    ),
    "times seen": "Seen at "
    + " ".join(f"{h:02d}:{m:02d}" for h in range(8, 16) for m in (0, 15, 30, 45)),
    "e-mail headers": (
        "From: Jay <jay2011@gmail.com>\nMessage-ID: <CAF=k3Jd8sX_9vPq2LmN0a@mail.gmail.com>\n"
        "Date: Tue, 3 Dec 2026 16:45:12 +0000\nSubject: Re: pics\n"
    )
    * 5,
    "payment details": (
        "He wants money sent to bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh or "
        "0x71C7656EC7ab88b098defB751B7401B5f6d8976F or paypal.me/jay2011x, sort code 12-34-56, "
        "account 12345678, and Steam cards X7K9-2M4P-QW3E-R5T1, 8HJ2-KQ7W-ZP3M-N6V4, "
        "LM3Q-99TR-XW2E-B7C8, QP4R-7T2W-MN8Z-K5L3 and 3RT6-PQ2M-ZX8V-W4N7."
    ),
    "account ids": "Accounts: " + ", ".join(str(123456789012345678 + n * 7919) for n in range(30)),
    "addresses he logged in from": ", ".join(f"192.168.{n}.{(n * 37) % 255}" for n in range(40)),
    "postcodes": "Lives near "
    + ", ".join(["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "LS1 4AP"] * 8),
    "incident log": "\n".join(
        f"{d:02d}/11/2026 9:05 - Incident #{4500 + d} (Y9) - Logged by MK, actioned by AJ - "
        "Cat: Online Safety / Sexting"
        for d in range(1, 28)
    ),
    "hashtags": " ".join(f"#{w}" for w in ["sendnudes", "leak", "exposed", "y9", "elm2026"] * 10),
    "morse": ".... . .-.. .--. / -- . " * 20,
    "welsh flag and emoji": "Diolch 🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f "
    + "👍🏽❤️🙏🏾 " * 20,
}


# Lists are taken once: a list of hundreds of addresses or codes holds as much as a picture.
# Nor are two of them put side by side: 300 characters of ids with no words between them are as
# dense as base64 (docs/typed-text.md says so).
LISTS = {
    "addresses he logged in from",
    "account ids",
    "payment details",
    "postcodes",
    "e-mail headers",
}


@pytest.mark.parametrize("language", sorted(WRITING))
def test_what_people_write_is_never_refused(language):
    check_words(WRITING[language])
    if language not in LISTS:
        check_words(WRITING[language] * 8)  # at length too


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(set(WRITING) - LISTS)), min_size=1, max_size=6).map(
        lambda names: "\n\n".join(WRITING[name] for name in names)
    )
)
def test_what_people_write_mixed_together_is_never_refused(text):
    check_words(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
            st.integers(min_value=1000000000, max_value=9999999999).map(lambda n: f"0{n}"),
            st.integers(min_value=1950, max_value=2030).map(str),
            st.from_regex(r"@[a-z]{2,10}_[0-9]{2,4}", fullmatch=True),
            st.from_regex(
                r"https://www\.(tiktok|instagram|snapchat)\.com/@?[a-z_]{3,12}", fullmatch=True
            ),
            st.sampled_from(["he", "said", "on", "at", "and", "then", "sent", "it", "to", "me"]),
        ),
        min_size=1,
        max_size=120,
    ).map(" ".join)
)
def test_dates_phone_numbers_years_usernames_and_links_among_words_are_never_refused(text):
    check_words(text)
