print("secagg-bench")
