"""The widgets flowtui's screens are made of."""
