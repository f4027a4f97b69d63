"""Fieldwork tags: private, and scoped to one portfolio.

taggit's manager looks tags up by name in the whole tag table. For fieldwork that would link an
entry to another participant's tag of the same name, so every lookup and every new tag is scoped
to the entry's portfolio here, and a tag that no entry carries any more is removed (a tag can be
a resident's name). ``portfolio.models`` re-exports these models.
"""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import _TaggableManager
from taggit.models import ItemBase


def normalise_tag_name(name):
    """How a fieldwork tag is kept: single spaces, lower case, at most 50 characters."""
    return " ".join(name.split()).lower()[:50]


def unique_slug(name, taken):
    """A slug for ``name`` that is not in ``taken`` (a tag's slug is unique per portfolio)."""
    base = slugify(name, allow_unicode=True)[:90] or "tag"
    taken = set(taken)
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}_{n}"
    return slug


class FieldworkTagQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(pk__in=TaggedFieldworkEntry.objects.values("tag_id"))

    def unused(self):
        return self.exclude(pk__in=TaggedFieldworkEntry.objects.values("tag_id"))


class FieldworkTag(models.Model):
    """A tag a participant gives their own fieldwork entries (e.g. "grofvuil", "jongeren").

    As private as the entries: each portfolio has its own tags. Deliberately neither taggit's
    shared ``Tag`` (modules and stories use that, and Wagtail's admin tag autocomplete lists it
    to every admin user) nor a ``TagBase`` (that autocomplete serves any ``TagBase`` model at
    ``/admin/tag-autocomplete/<app>/<model>/``)."""

    portfolio = models.ForeignKey(
        "portfolio.Portfolio",
        on_delete=models.CASCADE,
        related_name="fieldwork_tags",
        verbose_name=_("portfolio"),
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=True)

    objects = FieldworkTagQuerySet.as_manager()

    class Meta:
        app_label = "portfolio"
        verbose_name = _("fieldwork tag")
        verbose_name_plural = _("fieldwork tags")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["portfolio", "name"], name="unique_fieldwork_tag"),
            models.UniqueConstraint(fields=["portfolio", "slug"], name="unique_fieldwork_tag_slug"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            others = FieldworkTag.objects.filter(portfolio_id=self.portfolio_id).exclude(pk=self.pk)
            self.slug = unique_slug(self.name, others.values_list("slug", flat=True))
        super().save(*args, **kwargs)


class TaggedFieldworkEntry(ItemBase):
    """Which fieldwork entry carries which tag of its own portfolio."""

    tag = models.ForeignKey(FieldworkTag, on_delete=models.CASCADE, related_name="tagged_items")
    content_object = models.ForeignKey(
        "portfolio.FieldworkEntry", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        app_label = "portfolio"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_fieldwork_entry_tag"
            )
        ]


class FieldworkTagManager(_TaggableManager):
    """``entry.tags``: names are looked up and created in the entry's own portfolio only."""

    def _to_tag_model_instances(self, tags, tag_kwargs):
        portfolio_id = self.instance.portfolio_id
        for tag in tags:
            if isinstance(tag, FieldworkTag) and tag.portfolio_id != portfolio_id:
                raise ValueError("A fieldwork tag belongs to another portfolio.")
        return super()._to_tag_model_instances(
            tags, {**(tag_kwargs or {}), "portfolio_id": portfolio_id}
        )

    def _delete_unused(self):
        if not getattr(self, "_setting", False):
            FieldworkTag.objects.filter(portfolio_id=self.instance.portfolio_id).unused().delete()

    def set(self, tags, **kwargs):
        # set() removes before it adds: a tag it has just created carries no entry yet.
        self._setting = True
        try:
            super().set(tags, **kwargs)
        finally:
            self._setting = False
        self._delete_unused()

    def remove(self, *tags):
        super().remove(*tags)
        self._delete_unused()

    def clear(self):
        super().clear()
        self._delete_unused()
