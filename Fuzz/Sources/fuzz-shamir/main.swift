import FuzzerMain

runFuzzer(.shamir)
