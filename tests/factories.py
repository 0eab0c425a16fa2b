"""One factory per model. Translated fields are set per language, as an editor fills them in."""

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from programmes.models import AchievedResult, Objective, PlannedResult, Programme
from toolbox.models import ToolboxDocument


def pdf_bytes(pages: int = 1) -> bytes:
    """A real PDF of blank A4 pages, written by pypdf."""
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


MINIMAL_PDF = pdf_bytes(pages=1)


def authenticator_code(device) -> str:
    """The code an authenticator app with this (TOTP) device's key shows now."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def png_upload(name: str = "afbeelding.png", size: tuple[int, int] = (4, 3)) -> SimpleUploadedFile:
    """A real PNG image, made with Pillow."""
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, (21, 66, 115)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    class Params:
        editor = factory.Trait(is_staff=True)

    @factory.post_generation
    def permissions(self, create: bool, codenames: list[str] | None, **kwargs) -> None:
        if codenames:
            from django.contrib.auth.models import Permission

            self.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        if create:
            self.save()


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    title_nl = factory.Sequence(lambda n: f"Programma {n}")
    title_en = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programma-{n}")
    summary_nl = "Een korte samenvatting."
    summary_en = "A short summary."
    introduction_nl = "<p>Inleiding van het programma.</p>"
    introduction_en = "<p>Introduction to the programme.</p>"
    objectives_introduction_nl = "Het programma had als doelstellingen:"
    objectives_introduction_en = "The programme's objectives were:"
    bzk_portfolio_connection_nl = "<p>Verbinding met de portefeuille.</p>"
    bzk_portfolio_connection_en = "<p>Connection with the portfolio.</p>"
    intended_effect_nl = "<p>Het beoogde effect.</p>"
    intended_effect_en = "<p>The intended effect.</p>"
    start_year = 2011
    end_year = 2015

    class Params:
        published = factory.Trait(
            status=Programme.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    programme = factory.SubFactory(ProgrammeFactory)
    position = factory.Sequence(lambda n: n + 1)
    name_nl = factory.Sequence(lambda n: f"Doel {n}")
    name_en = factory.Sequence(lambda n: f"Objective {n}")
    description_nl = "het vergroten van inzicht;"
    description_en = "increasing insight;"


class PlannedResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedResult

    programme = factory.SubFactory(ProgrammeFactory)
    position = factory.Sequence(lambda n: n + 1)
    text_nl = factory.Sequence(lambda n: f"gepland resultaat {n}")
    text_en = factory.Sequence(lambda n: f"planned result {n}")


class AchievedResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AchievedResult

    programme = factory.SubFactory(ProgrammeFactory)
    position = factory.Sequence(lambda n: n + 1)
    text_nl = factory.Sequence(lambda n: f"Behaald resultaat {n}.")
    text_en = factory.Sequence(lambda n: f"Achieved result {n}.")


class ToolboxDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ToolboxDocument

    programme = factory.SubFactory(ProgrammeFactory)
    position = factory.Sequence(lambda n: n + 1)
    title_nl = factory.Sequence(lambda n: f"Handreiking {n}")
    title_en = factory.Sequence(lambda n: f"Guide {n}")
    kind = ToolboxDocument.Kind.GUIDE

    class Params:
        with_pdf = factory.Trait(
            file=factory.LazyFunction(
                lambda: SimpleUploadedFile("handreiking.pdf", MINIMAL_PDF, "application/pdf")
            )
        )


class CuratorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exhibitions.Curator"

    name = factory.Sequence(lambda n: f"Curator {n}")
    role_nl = "oud-minister van Binnenlandse Zaken"
    role_en = "former Minister of the Interior"


class ExhibitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exhibitions.Exhibition"

    title_nl = factory.Sequence(lambda n: f"Tentoonstelling {n}")
    title_en = factory.Sequence(lambda n: f"Exhibition {n}")
    slug = factory.Sequence(lambda n: f"tentoonstelling-{n}")
    subtitle_nl = "Een tentoonstelling over een onderwerp."
    subtitle_en = "An exhibition about a subject."
    curator = factory.SubFactory(CuratorFactory)
    teaser_nl = "Het begin van de inleiding."
    teaser_en = "The beginning of the introduction."
    curator_introduction_nl = "<p>De hele inleiding.</p>"
    curator_introduction_en = "<p>The whole introduction.</p>"
    reading_guide_nl = "<p>De tijdlijn loopt van oud naar nieuw.</p>"
    reading_guide_en = "<p>The timeline runs from old to new.</p>"

    class Params:
        published = factory.Trait(
            status="published", published_at=factory.LazyFunction(timezone.now)
        )


class TimelineItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exhibitions.TimelineItem"

    exhibition = factory.SubFactory(ExhibitionFactory)
    slug = factory.Sequence(lambda n: f"item-{n}")
    date = factory.Sequence(lambda n: __import__("datetime").date(1950 + n % 60, 1 + n % 12, 1))
    title_nl = factory.Sequence(lambda n: f"Gebeurtenis {n}")
    title_en = factory.Sequence(lambda n: f"Event {n}")
    kind = "text"
    text_nl = "<p>Wat er gebeurde.</p>"
    text_en = "<p>What happened.</p>"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "themes.Theme"
        django_get_or_create = ("slug",)

    name_nl = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")
    description_nl = "Waar het thema over gaat."
    description_en = "What the theme covers."
