"""Who may write and who moderates practice stories.

Rules, set on every StoryIndexPage when it is created (and re-applied idempotently by seed_demo):

- Gildeleden: Wagtail "add" on the stories index only. Wagtail's owner rule then lets a guild
  member edit (and delete, while unpublished) only the stories they created; without "publish"
  they can only submit a story to moderation.
- Trainers and Beheerders: add, change and publish on the stories index: they moderate.
- Workflow "Moderatie praktijkverhalen": one GroupApprovalTask for Trainers and Beheerders,
  assigned to the index, so every story below it passes an editor before it is published.
  Wagtail e-mails the moderators on submission and the author on approval or rejection.
- Images: a "Praktijkverhalen" collection in which guild members may add and choose images;
  they see no other collection.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from leergang import roles

WORKFLOW_NAME = "Moderatie praktijkverhalen"
TASK_NAME = "Redactie praktijkverhalen"
COLLECTION_NAME = "Praktijkverhalen"

PAGE_PERMISSIONS = {
    roles.GUILD_MEMBERS: ["add_page"],
    roles.TRAINERS: ["add_page", "change_page", "publish_page"],
    roles.ADMINISTRATORS: ["add_page", "change_page", "publish_page", "delete_page"],
}
IMAGE_PERMISSIONS = {
    roles.GUILD_MEMBERS: ["add_image", "choose_image"],
    roles.TRAINERS: ["add_image", "choose_image", "change_image"],
    roles.ADMINISTRATORS: ["add_image", "choose_image", "change_image", "delete_image"],
}
MODERATORS = [roles.TRAINERS, roles.ADMINISTRATORS]


def _group(name):
    group, _ = Group.objects.get_or_create(name=name)
    return group


def story_collection():
    collection = Collection.objects.filter(name=COLLECTION_NAME, depth=2).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=COLLECTION_NAME)
    return collection


def ensure_moderation(index_page):
    """Give the index its page permissions, image collection and workflow. Idempotent."""
    page_ct = ContentType.objects.get_by_natural_key("wagtailcore", "page")
    for group_name, codenames in PAGE_PERMISSIONS.items():
        group = _group(group_name)
        for codename in codenames:
            permission = Permission.objects.get(content_type=page_ct, codename=codename)
            GroupPagePermission.objects.get_or_create(
                group=group, page=index_page, permission=permission
            )

    collection = story_collection()
    image_ct = ContentType.objects.get_by_natural_key("wagtailimages", "image")
    for group_name, codenames in IMAGE_PERMISSIONS.items():
        group = _group(group_name)
        for codename in codenames:
            permission = Permission.objects.get(content_type=image_ct, codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(*[_group(name) for name in MODERATORS])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow
