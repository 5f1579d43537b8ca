import FuzzerMain

runFuzzer(.messages)
