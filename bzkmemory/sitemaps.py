from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from exhibitions.models import Exhibition
from programmes.models import Programme
from themes.models import Theme
from toolbox.models import ToolboxDocument
from website.models import SitePage
from website.public_urls import configured_base


class BilingualSitemap(Sitemap):
    """Every address in Dutch and English, each naming the other as its alternate."""

    i18n = True
    alternates = True
    x_default = True

    # Django takes the scheme and host from the request; PUBLIC_BASE_URL, when set, wins
    # (website/public_urls.py says why).
    def get_protocol(self, protocol: str | None = None) -> str:
        base = configured_base()
        return urlsplit(base).scheme if base else super().get_protocol(protocol)

    def get_domain(self, site=None) -> str:
        base = configured_base()
        return urlsplit(base).netloc if base else super().get_domain(site)


class PagesSitemap(BilingualSitemap):
    def items(self) -> list[str]:
        return ["home", "programmes:index", "exhibitions:index"]

    def location(self, name: str) -> str:
        return reverse(name)


class SitePagesSitemap(BilingualSitemap):
    def items(self):
        return SitePage.objects.all()

    def lastmod(self, page: SitePage):
        return page.updated_at


class ProgrammesSitemap(BilingualSitemap):
    def items(self):
        return Programme.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, programme: Programme):
        return programme.updated_at


class ExhibitionsSitemap(BilingualSitemap):
    def items(self):
        return Exhibition.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, exhibition: Exhibition):
        return exhibition.updated_at


class ThemesSitemap(BilingualSitemap):
    """The index of themes and each theme in use (a theme with nothing public has no page)."""

    def items(self) -> list:
        return ["themes:index", *Theme.objects.with_public_counts().only("slug", "updated_at")]

    def location(self, item: str | Theme) -> str:
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    def lastmod(self, item: str | Theme):
        return None if isinstance(item, str) else item.updated_at


class DocumentsSitemap(BilingualSitemap):
    """The documents index and each public document's own page."""

    def items(self) -> list:
        documents = (
            ToolboxDocument.objects.public()
            .select_related("programme")
            .only("key", "updated_at", "programme__slug")
            .order_by("programme__slug", "key")
        )
        return ["documents:index", *documents]

    def location(self, item: str | ToolboxDocument) -> str:
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    def lastmod(self, item: str | ToolboxDocument):
        return None if isinstance(item, str) else item.updated_at


SITEMAPS = {
    "pages": PagesSitemap,
    "site-pages": SitePagesSitemap,
    "programmes": ProgrammesSitemap,
    "exhibitions": ExhibitionsSitemap,
    "documents": DocumentsSitemap,
    "themes": ThemesSitemap,
}
