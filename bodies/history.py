"""Who and why for django-simple-history, shared by every app's services."""
from django.contrib.auth.base_user import AbstractBaseUser


def history_user(by):
    """The user account behind `by`: a user, a person with a login (Person.user), or None."""
    if isinstance(by, AbstractBaseUser):
        return by if by.is_authenticated else None
    user = getattr(by, "user", None)
    return user if isinstance(user, AbstractBaseUser) else None


def stamp(obj, by, reason):
    """Tell django-simple-history who made the change and why (it reads these two attributes on save)."""
    user = history_user(by)
    if user is not None:
        obj._history_user = user
    obj._change_reason = reason
    return obj
