package com.example.shop;

public class ShopApplication {
    public static void main(String[] args) {
        System.out.println("shop");
    }
}
