"""Password hashing at OWASP's recommended Argon2id parameters.

Django's own Argon2PasswordHasher (Argon2id) with the parameters of the OWASP Password Storage Cheat
Sheet: 19 MiB of memory, 2 iterations, 1 degree of parallelism. Memory-hard, so far stronger
against GPUs than PBKDF2, and about a tenth of a PBKDF2 check at Django's 1,000,000 iterations in
CPU time per login, so a storm of logins at the start of a session does not queue. Hashes made with
other parameters (or with PBKDF2) are upgraded at the next login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
