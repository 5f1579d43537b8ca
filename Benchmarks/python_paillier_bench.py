#!/usr/bin/env python3
"""Measure python-paillier (package ``phe``) for comparison with the toolkit's Paillier benchmarks.

Prints one JSON object to standard output with the phe and gmpy2 versions and, per modulus size, rates on
one core. The rates cover key generation, encryption of a random 32-bit integer, decryption, addition of two
ciphertexts and multiplication of a ciphertext by a 32-bit integer. python-paillier's ``encrypt`` encodes the
integer and obfuscates it with a fresh r^n, like the toolkit's plain mode. When phe is not installed, the
script exits with code 3 and a message on standard error, so callers can skip the comparison.

Usage: python3 Benchmarks/python_paillier_bench.py [--bits 2048 3072] [--seconds 2.0]
"""

import argparse
import json
import random
import sys
import time


def rate(operation, seconds):
    """Runs ``operation`` repeatedly for about ``seconds`` and returns calls per second."""
    operation()
    calls = 0
    start = time.perf_counter()
    elapsed = 0.0
    while elapsed < seconds:
        operation()
        calls += 1
        elapsed = time.perf_counter() - start
    return calls / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bits", type=int, nargs="+", default=[2048, 3072], help="modulus sizes in bits")
    parser.add_argument("--seconds", type=float, default=2.0, help="measuring time per operation in seconds")
    arguments = parser.parse_args()
    try:
        import phe
        from phe import paillier
        from phe import util
    except ImportError:
        print("python-paillier (phe) is not installed; pip install phe gmpy2", file=sys.stderr)
        return 3
    try:
        import gmpy2

        gmpy2_version = gmpy2.version()
    except ImportError:
        gmpy2_version = None

    generator = random.Random(1)
    results = {"phe": phe.__version__, "gmpy2": gmpy2_version, "uses_gmpy2": bool(util.HAVE_GMP), "sizes": {}}
    for bits in arguments.bits:
        start = time.perf_counter()
        public, private = paillier.generate_paillier_keypair(n_length=bits)
        keygen_seconds = time.perf_counter() - start
        values = [generator.randrange(-(2**31), 2**31) for _ in range(64)]
        index = [0]

        def encrypt():
            index[0] = (index[0] + 1) % len(values)
            return public.encrypt(values[index[0]])

        first, second = encrypt(), encrypt()
        results["sizes"][str(bits)] = {
            "keygen_seconds": keygen_seconds,
            "encrypt_ops_per_second": rate(encrypt, arguments.seconds),
            "decrypt_ops_per_second": rate(lambda: private.decrypt(first), arguments.seconds),
            "add_ops_per_second": rate(lambda: first + second, arguments.seconds / 2),
            "multiply_ops_per_second": rate(lambda: first * 123456789, arguments.seconds / 2),
        }
    json.dump(results, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
