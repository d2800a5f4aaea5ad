"""Reads of the library: searching published resources, the tags in use, partners, press."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from .models import Partner, PressItem, Resource, Tag

# A search keeps its first MAX_WORDS words; each must appear somewhere in the resource.
MAX_WORDS = 8


def search_words(q: str) -> list[str]:
    """Return the distinct words of a query, in order, at most MAX_WORDS (accents kept)."""
    words: list[str] = []
    for word in q.split():
        if word.casefold() not in (w.casefold() for w in words):
            words.append(word)
    return words[:MAX_WORDS]


def search_resources(
    *, q: str = "", kind: str = "", language: str = "", tag: str = ""
) -> QuerySet[Resource]:
    """Return the published resources matching every word of `q` and each filter given.

    A word matches, case-insensitively, the title, summary, body or a tag's name; `tag` is a
    tag's slug. Plain `icontains`, so it behaves alike on SQLite and PostgreSQL (SQLite folds
    the case of ASCII letters only: "ÁREA" finds "área" on PostgreSQL alone).
    """
    resources = Resource.objects.filter(status=Resource.Status.PUBLISHED)
    for word in search_words(q):
        tagged = Tag.objects.filter(resources=OuterRef("pk"), name__icontains=word)
        resources = resources.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(body__icontains=word)
            | Exists(tagged)
        )
    if kind:
        resources = resources.filter(kind=kind)
    if language:
        resources = resources.filter(language=language)
    if tag:
        resources = resources.filter(Exists(Tag.objects.filter(resources=OuterRef("pk"), slug=tag)))
    return resources.prefetch_related("tags").order_by("-reviewed_on", "title")


def get_published_resource(slug: str) -> Resource:
    """Return a published resource with its tags (Resource.DoesNotExist for a draft or none)."""
    return Resource.objects.prefetch_related("tags").get(
        slug=slug, status=Resource.Status.PUBLISHED
    )


def list_tags_in_use() -> QuerySet[Tag]:
    """Return the tags of published resources, by name, each with `n`: how many it files."""
    published = Q(resources__status=Resource.Status.PUBLISHED)
    return (
        Tag.objects.annotate(n=Count("resources", filter=published))
        .filter(n__gt=0)
        .order_by("name")
    )


def list_published_partners() -> QuerySet[Partner]:
    """Return the published partner organizations, by name."""
    return Partner.objects.filter(is_published=True).order_by("name")


def list_published_press(*, kind: str = "") -> QuerySet[PressItem]:
    """Return the published press items, newest first, of one kind when `kind` is given."""
    items = PressItem.objects.filter(is_published=True)
    if kind:
        items = items.filter(kind=kind)
    return items.order_by("-dated_on", "-pk")
