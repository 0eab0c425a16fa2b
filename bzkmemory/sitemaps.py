from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from exhibitions.models import Exhibition
from programmes.models import Programme
from website.models import SitePage


class BilingualSitemap(Sitemap):
    """Every address in Dutch and English, each naming the other as its alternate."""

    i18n = True
    alternates = True
    x_default = True


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
