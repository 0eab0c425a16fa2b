from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from exhibitions.models import Exhibition
from programmes.models import Programme
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


SITEMAPS = {
    "pages": PagesSitemap,
    "site-pages": SitePagesSitemap,
    "programmes": ProgrammesSitemap,
    "exhibitions": ExhibitionsSitemap,
}
