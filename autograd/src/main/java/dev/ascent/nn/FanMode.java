package dev.ascent.nn;

/** Which fan the Kaiming initialisers normalise by: inputs preserve the forward variance, outputs the backward one. */
public enum FanMode {
    FAN_IN, FAN_OUT
}
