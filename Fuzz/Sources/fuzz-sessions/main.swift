import FuzzerMain

runFuzzer(.sessions)
