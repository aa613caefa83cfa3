def demo_step(demo):
    pass
