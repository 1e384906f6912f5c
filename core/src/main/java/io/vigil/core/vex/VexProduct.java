package io.vigil.core.vex;

import java.util.Objects;

/**
 * What a statement is about: a product, or a component inside a product (OpenVEX {@code
 * subcomponents}, a CSAF {@code default_component_of} relationship).
 *
 * @param product the product
 * @param component the component inside it, or null when the statement is about the product itself
 */
public record VexProduct(ProductRef product, ProductRef component) {

  public VexProduct {
    Objects.requireNonNull(product, "product");
  }

  /** The most specific identification: the component when there is one, else the product. */
  public ProductRef target() {
    return component != null ? component : product;
  }
}
