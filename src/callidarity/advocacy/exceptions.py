"""Why an advocacy step was refused."""


class ActionError(Exception):
    """An action cannot be taken as asked."""
