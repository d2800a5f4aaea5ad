from django.urls import path  # noqa: F401 - the app's routes come here

app_name = "legislation"

urlpatterns: list = [  # type: ignore[type-arg]
    # Bills: list and detail (views/bills.py).
    # Following a bill (views/follows.py) and witness slips (views/slips.py).
]
