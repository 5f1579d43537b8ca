import FuzzerMain

runFuzzer(.datasets)
