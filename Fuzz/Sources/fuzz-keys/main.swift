import FuzzerMain

runFuzzer(.keys)
