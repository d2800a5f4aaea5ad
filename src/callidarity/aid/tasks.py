"""Background work for the support program: thin, idempotent, by id."""

from django_tasks import task

from . import services


@task()
def send_request_email_task(request_id: int, kind: str) -> bool:
    """Email a requester that the request arrived or was decided (once each)."""
    return services.send_request_email(request_id=request_id, kind=kind)
