"""Accounts (账号): who can log in, and the state that log-in security needs."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sunshine.core import clock


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})

    def create_user(self, username: str, password: str | None = None, **fields) -> User:
        """Low-level creation for fixtures and bootstrap; people use org.services.account_create."""
        user = self.model(username=username, **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, *args, **kwargs):
        raise TypeError(
            "Sunshine has no superuser: the three administrators are separate roles (SEC-1). "
            "Use `sunshine bootstrap` to create the system, security and audit administrators."
        )


class User(AbstractBaseUser):
    """A log-in account. Business identity (unit, posts) is org.Person, linked one-to-one."""

    username = models.CharField(
        _("用户名"),
        max_length=64,
        unique=True,
        validators=[UnicodeUsernameValidator()],
        help_text=_("字母、数字和 @/./+/-/_，最多64个字符"),
    )
    full_name = models.CharField(_("姓名"), max_length=100)
    email = models.EmailField(_("电子邮箱"), blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    date_joined = models.DateTimeField(_("创建时间"), default=clock.now)
    must_change_password = models.BooleanField(
        _("须修改口令"), default=True, help_text=_("首次登录或口令被重置后必须修改口令（SEC-5）")
    )
    password_changed_at = models.DateTimeField(_("口令修改时间"), null=True, blank=True)
    failed_login_count = models.PositiveIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = _("账号")
        ordering = ["username"]

    def __str__(self) -> str:
        return f"{self.full_name}（{self.username}）" if self.full_name else self.username

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > clock.now()

    # Permissions come only from role assignments (org.backends.RoleBackend); there is no
    # superuser flag and no Django admin.
    def has_perm(self, perm: str, obj=None) -> bool:
        from django.contrib.auth import get_backends

        if not self.is_active:
            return False
        return any(
            getattr(backend, "has_perm", None) and backend.has_perm(self, perm, obj)
            for backend in get_backends()
        )

    def has_perms(self, perm_list, obj=None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)
