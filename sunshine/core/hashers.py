"""Password hashers. Production uses Django's Argon2PasswordHasher (argon2id) unchanged."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class TestArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with a test-sized cost: the suite checks real Argon2 hashes without waiting."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1
