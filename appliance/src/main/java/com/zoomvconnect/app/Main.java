package com.zoomvconnect.app;

/** Entry point of the appliance process. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("ZoomVconnect");
    }
}
