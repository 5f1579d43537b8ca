import FuzzerMain

runFuzzer(.vectors)
